/**
 * A form that sends to the API (with useFormSubmit): the problem it answered above the inputs,
 * the field errors beside them, and its primary button — "create" unless told otherwise — busy
 * while the request runs.
 */
import { Button, Form, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ProblemAlert } from './problems';
import type { Submission } from './submit';

export function ApiForm<Values>(props: {
  submission: Submission & { form: FormInstance<Values>; submit(): Promise<void> };
  /** Names the form (`<testId>-form`) and its button (`<testId>-submit`) for the browser tests. */
  testId?: string;
  /** The button's own test id, where it is not `<testId>-submit`. */
  submitTestId?: string;
  submitLabel?: ReactNode;
  initialValues?: FormProps<Values>['initialValues'];
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { submission, testId } = props;
  return (
    <Form<Values> form={submission.form} layout="vertical" data-testid={testId && `${testId}-form`} initialValues={props.initialValues}>
      {submission.error !== undefined && <ProblemAlert error={submission.error} />}
      {props.children}
      <div>
        <Button type="primary" loading={submission.busy} onClick={submission.submit} data-testid={props.submitTestId ?? (testId && `${testId}-submit`)}>
          {props.submitLabel ?? t('common.create')}
        </Button>
      </div>
    </Form>
  );
}
