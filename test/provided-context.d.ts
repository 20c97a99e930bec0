// Values vitest's globalSetup hands to the tests (see test/workers/global-setup.ts).
declare module 'vitest' {
  interface ProvidedContext {
    simOrigin: string;
  }
}

export {};
