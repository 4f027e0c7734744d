/**
 * Asking before an action that moves money or changes a member's state: a modal that runs the
 * action on confirm and stays open (busy) until the API answers — success is never assumed.
 */
import { App, Button, Input, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { translate } from '../i18n';
import { problemText } from './problems';

export interface ConfirmOptions {
  title: ReactNode;
  content?: ReactNode;
  /** Asks for a reason as well (a text box, may stay empty); the action gets it trimmed. */
  askReason?: boolean;
  danger?: boolean;
  action(reason: string): Promise<unknown>;
  /** Said once the action has succeeded. */
  done?: string;
}

export function useConfirm() {
  const { modal, message } = App.useApp();
  return (options: ConfirmOptions) =>
    new Promise<boolean>((resolve) => {
      // Read when the admin confirms, so kept outside React's state (the modal is not re-rendered).
      let reason = '';
      modal.confirm({
        title: options.title,
        content: options.askReason ? <Input.TextArea rows={2} placeholder={translate('decision.reason')} onChange={(e) => (reason = e.target.value)} /> : options.content,
        okText: translate('common.confirm'),
        cancelText: translate('common.cancel'),
        okButtonProps: { danger: options.danger },
        onCancel: () => resolve(false),
        onOk: async () => {
          try {
            await options.action(reason.trim());
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

/** A button that asks first (as useConfirm does) and acts only once the admin confirms. */
export function ConfirmButton({ confirm, ...button }: Omit<ButtonProps, 'onClick'> & { confirm: ConfirmOptions }) {
  const ask = useConfirm();
  return <Button {...button} onClick={() => void ask(confirm)} />;
}
