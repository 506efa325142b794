import { pendingBenchmark } from './pending.js';

export const collectVsKubectl = pendingBenchmark(
  'collect-vs-kubectl',
  'Collecting a synthetic cluster from the fake API server, against `kubectl get -o json` of the same lists',
  'ratio ≤ 1.0',
  'the collector helper wiring the collector and kubectl against the fake API server',
);
