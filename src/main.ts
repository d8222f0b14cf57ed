import { startApp } from './app.js';
import { defaultTransports } from './transports.js';
import { type AppConfig, loadConfig } from './config/env.js';
import { createLogger } from './logger.js';
import { isAppError } from './models/errors.js';
import { exitGracefullyOnSignals } from './shutdown.js';
import { describeStartupFailure, EXIT_CONFIG } from './startup-failure.js';

/**
 * Entry point (`npm start`): reads the configuration, starts the app, and shuts down gracefully on SIGTERM/SIGINT
 * (within one deadline; a second signal exits at once). Configuration, catalogue and store problems end start-up
 * with every problem listed, and any other start-up failure with one line saying what failed — never a stack trace
 * (`LOG_LEVEL=debug` logs it).
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${isAppError(err) ? err.message : `Cannot read the configuration: ${String(err)}`}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = createLogger(config.logLevel);
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    const transports = defaultTransports(config);
    app = await startApp(config, { logger, transports });
  } catch (err) {
    logger.debug({ err }, 'start-up failed');
    const failure = describeStartupFailure(err, { host: config.host, port: config.port });
    process.stderr.write(`${failure.message}\n`);
    process.exit(failure.exitCode);
  }
  exitGracefullyOnSignals({ stop: () => app.stop(), logger, signals: process, exit: (code) => process.exit(code) });
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
