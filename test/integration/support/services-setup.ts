import type { TestProject } from 'vitest/node';
import { startServices } from '../../../scripts/local-services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL, as a superuser URL: make a database per test with createDatabase. */
    postgresUrl: string;
    redisUrl: string;
  }
}

/**
 * PostgreSQL and Redis, started once for the whole integration run and stopped after it. On a
 * machine without them only the tests that need them fail, each saying what to install.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  try {
    const services = await startServices();
    project.provide('postgresUrl', services.postgresUrl);
    project.provide('redisUrl', services.redisUrl);
    return () => services.stop();
  } catch (error) {
    console.warn(`[services] PostgreSQL and Redis are not running for this test run: ${(error as Error).message}`);
    project.provide('postgresUrl', 'postgres://not-started.invalid/ (apt-get install postgresql redis-server, see .ci/run)');
    project.provide('redisUrl', 'redis://not-started.invalid/');
    return undefined;
  }
}
