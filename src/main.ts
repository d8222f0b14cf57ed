import { startApp } from './app.js';
import { defaultTransports } from './transports.js';
import { loadConfig } from './config/env.js';
import { createLogger } from './logger.js';
import { isAppError } from './models/errors.js';

/**
 * Entry point (`npm start`): reads the configuration, starts the app, and shuts down gracefully on SIGTERM/SIGINT.
 * Configuration, catalogue and store problems end start-up with every problem listed, not a stack trace.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    const transports = defaultTransports(config);
    app = await startApp(config, { logger, transports });
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`Cannot start: ${err.message}\n`);
      process.exit(78);
    }
    if (err && typeof err === 'object' && 'code' in err && err.code === 'EADDRINUSE') {
      process.stderr.write(`Cannot start: port ${config.port} is in use; set PORT to another port.\n`);
      process.exit(78);
    }
    throw err;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and the outbox');
    app
      .stop()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

void main();
