import type { TestProject } from 'vitest/node';
import { startServices } from '../../../scripts/local-services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL, as a superuser URL: make a database per test with createDatabase. */
    postgresUrl: string;
    redisUrl: string;
  }
}

/** PostgreSQL and Redis, started once for the whole integration run and stopped after it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startServices();
  project.provide('postgresUrl', services.postgresUrl);
  project.provide('redisUrl', services.redisUrl);
  return () => services.stop();
}
