/**
 * A child process held to a fraction of one CPU, as a Lambda function of a given memory is: Lambda gives CPU in
 * proportion to memory, one vCPU at 1,769 MB (AWS Lambda Developer Guide, "Configure Lambda function memory"). The
 * child is stopped (SIGSTOP) for the rest of every period and let run (SIGCONT) for its share, so it can use at most
 * that share of a core; on a busy machine it gets less, which errs on the slow side.
 */
import type { ChildProcess } from 'node:child_process';

export const LAMBDA_MB_PER_VCPU = 1769;

/** The share of one vCPU a Lambda function of `memoryMb` has (capped at 1: the child is single-threaded). */
export function lambdaCpuShare(memoryMb: number): number {
  return Math.min(1, memoryMb / LAMBDA_MB_PER_VCPU);
}

/** Holds `child` to `share` of each `periodMs` until it exits or the returned function is called. */
export function holdToCpuShare(child: ChildProcess, share: number, periodMs = 100): () => void {
  if (share >= 1) return () => {};
  if (!(share > 0)) throw new RangeError(`CPU share ${share}: expected a fraction above 0`);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const signal = (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
  };
  const tick = () => {
    stopped = !stopped;
    signal(stopped ? 'SIGSTOP' : 'SIGCONT');
    timer = setTimeout(tick, stopped ? periodMs * (1 - share) : periodMs * share);
  };
  const release = () => {
    clearTimeout(timer);
    if (stopped) signal('SIGCONT');
    stopped = false;
  };
  timer = setTimeout(tick, periodMs * share);
  child.once('exit', release);
  return release;
}
