/**
 * Asking before an action that moves money or changes a member's state: a modal that runs the
 * action on confirm and stays open (busy) until the API answers — success is never assumed.
 */
import { App } from 'antd';
import type { ReactNode } from 'react';
import { translate } from '../i18n';
import { problemText } from './problems';

export function useConfirm() {
  const { modal, message } = App.useApp();
  return (options: { title: ReactNode; content?: ReactNode; danger?: boolean; action(): Promise<unknown>; done?: string }) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: options.title,
        content: options.content,
        okText: translate('common.confirm'),
        cancelText: translate('common.cancel'),
        okButtonProps: { danger: options.danger },
        onCancel: () => resolve(false),
        onOk: async () => {
          try {
            await options.action();
            if (options.done) message.success(options.done);
            resolve(true);
          } catch (error) {
            message.error(problemText(error), 6);
            resolve(false);
          }
        },
      });
    });
}
