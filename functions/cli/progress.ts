/**
 * What the CLI shows while it works. On an interactive terminal: a progress bar through the steps (on stderr, so
 * stdout stays clean for pipes). In CI logs and pipes: one short line per file written. With --quiet: nothing.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { ScanProgress } from '../pipeline.js';

export interface CliProgress extends ScanProgress {
  /** Announces the steps to come, so a bar knows its length. */
  begin(steps: string[]): void;
  /** Ends the bar, if any, before the summary is printed. */
  end(): void;
  /** A remark for the user (e.g. kinds skipped in manifests). */
  note(line: string): void;
  /** The closing summary line. */
  summary(line: string): void;
}

export interface ProgressStreams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** CI systems set CI (GitHub Actions, GitLab, CircleCI, Buildkite…); "false" and "0" mean a person set it off. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

class QuietProgress implements CliProgress {
  begin(): void {}
  step(): void {}
  wrote(): void {}
  end(): void {}
  note(): void {}
  summary(): void {}
}

class LineProgress implements CliProgress {
  constructor(protected readonly streams: ProgressStreams) {}
  begin(_steps: string[]): void {}
  step(_label: string): void {}
  wrote(path: string): void {
    this.streams.out.write(`wrote ${path}\n`);
  }
  end(): void {}
  note(line: string): void {
    this.streams.err.write(`note: ${line}\n`);
  }
  summary(line: string): void {
    this.streams.out.write(`${line}\n`);
  }
}

class BarProgress extends LineProgress {
  private bar: SingleBar | undefined;
  private steps: string[] = [];
  private done = 0;
  private readonly written: string[] = [];
  private readonly notes: string[] = [];

  begin(steps: string[]): void {
    this.steps = steps;
    this.bar = new SingleBar(
      {
        format: ' {bar} {value}/{total} {step}',
        stream: this.streams.err,
        hideCursor: true,
        clearOnComplete: true,
        barsize: 24,
      },
      Presets.shades_classic,
    );
    this.bar.start(steps.length, 0, { step: steps[0] ?? '' });
  }
  step(label: string): void {
    // A step starting means the previous ones are done.
    const index = this.steps.indexOf(label);
    this.done = index >= 0 ? index : this.done;
    this.bar?.update(this.done, { step: label });
  }
  wrote(path: string): void {
    // Printed after the bar is cleared, so lines do not interleave with it.
    this.written.push(path);
  }
  note(line: string): void {
    if (this.bar) this.notes.push(line);
    else super.note(line);
  }
  end(): void {
    if (this.bar) {
      this.bar.update(this.steps.length, { step: 'done' });
      this.bar.stop();
      this.bar = undefined;
    }
    for (const line of this.notes.splice(0)) super.note(line);
    for (const path of this.written.splice(0)) super.wrote(path);
  }
}

export function createProgress(
  quiet: boolean,
  streams: ProgressStreams = { out: process.stdout, err: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): CliProgress {
  if (quiet) return new QuietProgress();
  if (streams.err.isTTY === true && !inCi(env)) return new BarProgress(streams);
  return new LineProgress(streams);
}
