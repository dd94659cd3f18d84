import { fileURLToPath } from 'node:url';
import { configFromEnvironment } from './config';
import { DEMO_TITLE } from './demo/demo-workspace';
import { startServer } from './server';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

try {
  const config = configFromEnvironment(process.env, projectRoot);
  const server = await startServer(config);
  const adminNote = {
    environment: 'from THROUGHLINE_ADMIN_TOKEN',
    generated: `generated and kept in ${config.dataDir}/admin-token`,
    'data directory': `from ${config.dataDir}/admin-token`,
  }[server.admin.source];
  console.log(
    [
      `Throughline ${server.services.version} listening on ${server.url}`,
      `  data:        ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir}/throughline.db`}${config.redisUrl ? ', nodes joined through Redis (REDIS_URL)' : ''}`,
      `  admin:       ${config.publicUrl ?? server.url}/#admin=${server.admin.token}  (token ${adminNote})`,
      // Printed once, when the demo is made; the admin page lists them again.
      ...(server.demoLinks
        ? [
            `  demo review "${DEMO_TITLE}":`,
            `    facilitator: ${server.demoLinks.facilitator}`,
            `    editor:      ${server.demoLinks.editor}`,
            `    viewer:      ${server.demoLinks.viewer}`,
          ]
        : []),
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: committing and closing…`);
    server.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`Throughline could not start: ${(error as Error).message}`);
  process.exit(1);
}
