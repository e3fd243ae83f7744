import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { STACK_IDS, SYNTH_ONLY_CONTEXT } from './settings.ts';

export interface SynthesizeOptions {
  /** Bundle every handler with esbuild (slow; needs every handler file). Default false. */
  bundle?: boolean;
  /** Extra context, as `-c` would give (e.g. `{ reviewTimeZone: 'Europe/Paris' }`). */
  context?: Record<string, unknown>;
}

export interface SynthesizedTemplates {
  stateful: Record<string, any>;
  stateless: Record<string, any>;
}

/**
 * Synthesizes the same app `cdk synth` deploys, in-process, and returns both CloudFormation
 * templates. The local platform reads the state-machine definitions and function metadata from
 * them. Side-effect free: the cloud assembly goes to a temporary directory that is removed again.
 * cdk-nag does not run here (tests run it); a finding must not stop a developer's local platform.
 */
export function synthesizeTemplates(options: SynthesizeOptions = {}): SynthesizedTemplates {
  const outdir = mkdtempSync(join(tmpdir(), 'ogc-synth-'));
  try {
    const { app } = buildApp({
      nag: false,
      outdir,
      context: {
        // Deployment-only values (alarm address, sign-in domain) that the local platform never uses.
        ...SYNTH_ONLY_CONTEXT,
        ...options.context,
        // An empty list of stacks to bundle makes NodejsFunction skip esbuild entirely.
        ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      },
    });
    const assembly = app.synth();
    return {
      stateful: assembly.getStackByName(STACK_IDS.stateful).template,
      stateless: assembly.getStackByName(STACK_IDS.stateless).template,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
