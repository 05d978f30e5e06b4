#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run, else the headless host (core/desktop/start-main.ts).
import { register } from 'tsx/esm/api';

register();
await import('../core/desktop/start-main.ts');
