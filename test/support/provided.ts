/** Values the global setups hand to the tests (vitest `provide`/`inject`). */
declare module 'vitest' {
  interface ProvidedContext {
    dynamodbEndpoint: string;
    sqsEndpoint: string;
    apiUrl: string;
    runtimeDataDir: string;
    runtimeLogFile: string;
    /** The local beacon's chain: `<url>/<chainHash>` (its /info and /public/<round>). */
    beaconUrl: string;
  }
}
export {};
