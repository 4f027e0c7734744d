/**
 * Sending something to the API from a form or a dialog: busy while it runs, the problem it
 * answered kept for a ProblemAlert (cleared on the next try), and for a form, the problem's field
 * errors put beside their inputs.
 */
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { showFieldErrors } from './problems';

export interface Submission {
  busy: boolean;
  /** The last attempt's problem; undefined while none. */
  error: unknown;
  setError(error: unknown): void;
}

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  /** Runs the action; a failure is kept in `error` (after `onError` saw it), never thrown. */
  const run = async (action: () => Promise<void>, onError?: (error: unknown) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      onError?.(e);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/**
 * Submitting a form: its rules are checked first (an invalid form sends nothing), then `action`
 * runs with its values. `rename` maps the API's body fields onto the form's (see showFieldErrors).
 */
export function useFormSubmit<Values>(form: FormInstance<Values>, action: (values: Values) => Promise<void>, rename?: Record<string, string>) {
  const { run, ...submission } = useSubmit();
  const submit = async () => {
    const values = await form.validateFields();
    await run(() => action(values), (e) => showFieldErrors(form, e, rename));
  };
  return { ...submission, form, submit };
}
