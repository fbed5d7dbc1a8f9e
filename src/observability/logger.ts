import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';
import { type RedactText, redactLogValue } from './redact-log-values.ts';

export type { Logger };

export type LogLevel = Level | 'silent';

export interface LoggerSetup {
  level: LogLevel;
  /** Human-readable output via pino-pretty; the caller passes `stdout.isTTY`. JSON lines otherwise. */
  pretty: boolean;
  /** Where lines go; default stdout. Tests pass a writable stream to capture them. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /**
   * Redacts secrets inside free text (the exec layer's redactor): applied to the message, format
   * arguments, every string field and errors (message, stack, cause). Not to child bindings, which
   * pino serialises once when the child is made: bind ids there (incidentId, requestId), not text.
   */
  redactText?: RedactText;
  /** Colours in pretty mode; default true. */
  colorize?: boolean;
}

const secretKeys = [
  'token',
  'botToken',
  'appToken',
  'userToken',
  'signingSecret',
  'clientSecret',
  'stateSecret',
  'secret',
  'password',
  'apiKey',
];

/** Field paths whose values never reach a log line (top level and one level down). */
export const redactPaths: string[] = [
  ...secretKeys,
  ...secretKeys.map((key) => `*.${key}`),
  'authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export const redactedPlaceholder = '[redacted]';

function textRedactionHooks(redactText: RedactText): Pick<LoggerOptions, 'hooks'> {
  return {
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        // logger.error(err) takes its message from err.message: make it explicit so it is redacted.
        if (first instanceof Error) {
          const message = typeof rest[0] === 'string' ? rest.shift() : first.message;
          const redacted = [{ err: first }, message, ...rest].map((arg) => redactLogValue(arg, redactText));
          return method.apply(this, redacted as Parameters<typeof method>);
        }
        const redacted = (args as unknown[]).map((arg) => redactLogValue(arg, redactText));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
}

/**
 * pino-pretty (and its ~40 modules) only for a terminal: the service logs JSON lines, so it never
 * loads them (start time and memory, docs/BENCHMARKS.md). A CommonJS package, so `require` keeps
 * `createLogger` synchronous.
 */
function loadPinoPretty(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}

/** The bot's one root logger, built by the composition root and passed down (children per incident/request). */
export function createLogger(setup: LoggerSetup): Logger {
  const options: LoggerOptions = {
    name: 'runbook-bot',
    level: setup.level,
    redact: { paths: redactPaths, censor: redactedPlaceholder },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(setup.redactText ? textRedactionHooks(setup.redactText) : {}),
  };
  const destination = setup.pretty
    ? loadPinoPretty()({
        colorize: setup.colorize ?? true,
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,name',
        ...(setup.destination ? { destination: setup.destination } : {}),
      })
    : (setup.destination ?? pino.destination(1));
  return pino(options, destination);
}

/** Every line about one incident carries its id, so `jq 'select(.incidentId==7)'` finds them all. */
export function incidentLogger(logger: Logger, incidentId: number | string): Logger {
  return logger.child({ incidentId });
}

/** One Slack request (slash command, button, modal) or CLI run. */
export function requestLogger(logger: Logger, requestId: string): Logger {
  return logger.child({ requestId });
}
