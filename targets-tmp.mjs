import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
import http from 'node:http';
const srv = http.createServer((q, r) => { r.setHeader('content-type','text/html'); r.end('<p>hi</p><script>let x=0;for(let i=0;i<1e6;i++)x+=i;</script>'); }).listen(0, '127.0.0.1');
await new Promise(r => srv.on('listening', r));
const url = `http://127.0.0.1:${srv.address().port}/`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup', ...(process.env.XARGS? process.env.XARGS.split(' '):[])] });
import fs from 'node:fs';
const ps = () => execSync('pgrep -f type=renderer || true').toString().trim().split(/\s+/).filter(Boolean).map(p => { try { const r = fs.readFileSync(`/proc/${p}/stat`,'utf8').split(') ')[1].split(' '); return p + ':' + (Number(r[11]) + Number(r[12])); } catch { return p + ':gone'; } }).join(' ');
console.log('after launch', ps());
for (let i = 0; i < 3; i++) {
  const ctx = await b.newContext();
  const page = await ctx.newPage();
  console.log('newPage', ps());
  await page.goto(url);
  console.log('goto   ', ps());
  await ctx.close();
  await new Promise(r=>setTimeout(r,300));
  console.log('closed ', ps());
}
await b.close(); srv.close();
