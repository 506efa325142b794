/** `cdk synth` / `cdk deploy` entry point (cdk.json). See infra/build-app.ts for the context it reads. */
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../functions/config/load.js';
import { AppUsageError, buildApp } from './build-app.js';

const app = new App();
try {
  buildApp(app);
} catch (err) {
  if (err instanceof ConfigError) {
    for (const problem of err.problems) console.error(`eks-compliance: error: ${problem}`);
    process.exit(1);
  }
  if (err instanceof AppUsageError) {
    console.error(`eks-compliance: error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
