#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx's loader (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('../core/host/cli-main.ts');
