#!/usr/bin/env node
/**
 * Entry point of `eks-compliance`: the bundle's entry (dist/eks-compliance.js, infra/cli-bundle.ts), and through tsx
 * bin/eks-compliance.js and `npm start`. Sets the exit code and leaves the process to end by itself, so buffered
 * output is flushed.
 */
import { runCli } from './program.js';

// The SDK warns on every run under Node 20 that its 2027 releases will need Node 22; the lockfile pins a release
// that supports Node 20, so the warning is noise in a CLI's output. An explicit setting by the user still wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `eks-compliance checks | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // runCli catches everything; this is the last line of defence, still one line.
    process.stderr.write(
      `eks-compliance: error: internal error: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
