/**
 * Showing the API's problem documents: the localized `detail` (the API answers in the console's
 * language), the stable code, the request id; and each `errors[].field` beside its input.
 */
import { Alert, type FormInstance } from 'antd';
import { ApiProblem } from '../api/client';
import { translate } from '../i18n';

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) return `${error.problem.detail} (${error.problem.code})`;
  return error instanceof Error ? error.message : String(error);
}

export function ProblemAlert({ error }: { error: unknown }) {
  const problem = error instanceof ApiProblem ? error.problem : undefined;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="problem"
      message={problem ? problem.title : translate('problem.failed')}
      description={
        <>
          <div>{problem ? problem.detail : problemText(error)}</div>
          {problem && (
            <small>
              {problem.code} · {translate('problem.requestId')} {problem.requestId}
            </small>
          )}
        </>
      }
    />
  );
}

/**
 * Puts a problem's field errors beside the form's inputs (`body.title` → the `title` field; a
 * nested `body.rule.discountFen` → ['rule', 'discountFen']). True when some field took one.
 */
export function showFieldErrors(form: FormInstance, error: unknown, rename: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiProblem) || !error.problem.errors?.length) return false;
  const fields = error.problem.errors
    .filter((e) => e.field.startsWith('body.'))
    .map((e) => ({
      name: (rename[e.field.slice(5)] ?? e.field.slice(5)).split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      // One field at fault: the localized detail says it best; several: each its own message.
      errors: [error.problem.errors!.length === 1 ? `${error.problem.detail}` : e.message],
    }));
  form.setFields(fields);
  return fields.length > 0;
}
