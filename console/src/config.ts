/** The console's settings, read at start from config.json beside it: written at deploy time by the stack, served by the local gateway locally — never baked into the build. */
export interface ConsoleConfig {
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  auth: {
    /** The Cognito hosted-UI domain (or the local gateway), serving /oauth2/authorize, /oauth2/token, /logout. */
    domain: string;
    clientId: string;
    scopes: string[];
  };
  environment: string;
  /** Where an operator's tree starts (she has no grant naming one). */
  operatorRootId: string;
}

let loaded: ConsoleConfig | undefined;

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  loaded = (await response.json()) as ConsoleConfig;
  loaded.apiUrl = loaded.apiUrl.replace(/\/$/, '');
  loaded.auth.domain = loaded.auth.domain.replace(/\/$/, '');
  return loaded;
}

export function config(): ConsoleConfig {
  if (!loaded) throw new Error('config.json not loaded yet');
  return loaded;
}
