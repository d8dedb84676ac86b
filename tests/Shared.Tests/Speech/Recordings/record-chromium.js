// Made chromium-440hz.webm: Chromium's MediaRecorder (audio/webm;codecs=opus, 250 ms slices joined, as the hub stores them)
// recording a 440 Hz oscillator for 2 s. Run it with the node and playwright-core that Microsoft.Playwright puts in a test
// project's output: B=tests/SessionServer.Tests/bin/Debug/net10.0/.playwright; PLAYWRIGHT_CORE=$PWD/$B/package $B/node/linux-x64/node record-chromium.js
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto('about:blank');
  const result = await page.evaluate(async () => {
    const ctx = new AudioContext({ sampleRate: 48000 });
    await ctx.resume();
    const osc = ctx.createOscillator();
    osc.frequency.value = 440;
    const gain = ctx.createGain(); gain.gain.value = 0.5;
    const dest = ctx.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    const rec = new MediaRecorder(dest.stream, { mimeType: 'audio/webm;codecs=opus' });
    const chunks = [];
    rec.ondataavailable = e => chunks.push(e.data);
    const done = new Promise(r => rec.onstop = r);
    rec.start(250); // slices, as the candidate page streams them
    await new Promise(r => setTimeout(r, 2000));
    rec.stop();
    await done;
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = ''; for (const b of buf) s += String.fromCharCode(b);
    return { mime: rec.mimeType, b64: btoa(s), ua: navigator.userAgent, state: ctx.state };
  });
  require('fs').writeFileSync(__dirname + '/chromium-440hz.webm', Buffer.from(result.b64, 'base64'));
  console.log(result.mime, result.ua, result.state, Buffer.from(result.b64, 'base64').length);
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
