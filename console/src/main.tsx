// The console's entry: reads config.json, completes or starts the sign-in, then renders the app.
import { createRoot } from 'react-dom/client';
import { completeSignIn, signIn } from './auth';
import { loadConfig } from './config';
import { translate } from './i18n';

const root = createRoot(document.getElementById('root')!);

async function start() {
  await loadConfig();
  if (!(await completeSignIn())) await signIn();
  const { App } = await import('./App');
  root.render(<App />);
}

start().catch((error: Error) => {
  // Before the app (and Ant Design) is there: a plain message and a way back to sign-in.
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.style.cssText = 'font-family:system-ui;max-width:480px;margin:64px auto;padding:24px;border:1px solid #ffccc7;background:#fff2f0;border-radius:8px';
  box.textContent = `${translate('signIn.failed')}: ${error.message} `;
  const again = document.createElement('button');
  again.textContent = translate('signIn.again');
  again.onclick = () => void signIn({ prompt: true });
  box.append(again);
  document.getElementById('root')!.replaceChildren(box);
});
