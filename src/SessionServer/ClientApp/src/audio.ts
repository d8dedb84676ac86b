// Question audio played as it streams from the hub (16-bit PCM chunks, each a whole number of frames), with
// replay from what was received; plus the setup check's microphone level meter and speaker sample.
import type { IStreamResult } from "@microsoft/signalr";
import { connection } from "./hub";
import type { AudioFormat } from "./types";

let context: AudioContext | null = null;

/** One AudioContext for the page, resumed inside a user gesture (browsers keep audio silent until one). */
export async function audioContext(): Promise<AudioContext> {
  context ??= new AudioContext();
  if (context.state === "suspended") await context.resume();
  return context;
}

export class QuestionPlayer {
  private buffers: AudioBuffer[] = [];
  private sources: AudioBufferSourceNode[] = [];
  private playhead = 0;
  private subscription: { dispose(): void } | null = null;

  static canPlay(format: AudioFormat | null): format is AudioFormat {
    return !!format && format.format === "pcm_s16le" && typeof AudioContext !== "undefined";
  }

  /** Chunks received for the current question (the page marks it on the replay button, which tests read). */
  get received(): number { return this.buffers.length; }

  /** Streams the question's audio and plays each chunk as it arrives. */
  play(ordinal: number, format: AudioFormat, onChunk: () => void = () => {}): Promise<number> {
    return this.stream(format, () => connection.stream<Uint8Array>("StreamQuestionAudio", ordinal), onChunk);
  }

  /** The setup check's speaker test: the server's sample sentence in <language>, heard exactly as a question would be. */
  sample(language: string, format: AudioFormat): Promise<number> {
    return this.stream(format, () => connection.stream<Uint8Array>("StreamSampleAudio", language));
  }

  /** Plays each chunk as it arrives; resolves with the number of chunks once the stream ends, rejects if it fails. */
  private async stream(format: AudioFormat, open: () => IStreamResult<Uint8Array>, onChunk: () => void = () => {}): Promise<number> {
    this.stop();
    this.buffers = [];
    const ctx = await audioContext();
    this.playhead = ctx.currentTime + 0.05;
    return new Promise((resolve, reject) => {
      this.subscription = open().subscribe({
        next: (chunk) => {
          const buffer = decode(ctx, chunk, format);
          if (!buffer) return;
          this.buffers.push(buffer);
          this.schedule(ctx, buffer);
          onChunk();
        },
        error: reject,
        complete: () => resolve(this.buffers.length), // the buffers stay for replay
      });
    });
  }

  /** Plays again from the start what has arrived (and whatever still arrives follows it). */
  async replay(): Promise<void> {
    const ctx = await audioContext();
    for (const source of this.sources) source.stop();
    this.sources = [];
    this.playhead = ctx.currentTime + 0.05;
    for (const buffer of this.buffers) this.schedule(ctx, buffer);
  }

  stop(): void {
    this.subscription?.dispose();
    this.subscription = null;
    for (const source of this.sources) {
      try { source.stop(); } catch { /* not started yet */ }
    }
    this.sources = [];
  }

  private schedule(ctx: AudioContext, buffer: AudioBuffer): void {
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    const at = Math.max(this.playhead, ctx.currentTime);
    source.start(at);
    this.playhead = at + buffer.duration;
    this.sources.push(source);
    source.onended = () => { this.sources = this.sources.filter((s) => s !== source); };
  }
}

function decode(ctx: AudioContext, bytes: Uint8Array, format: AudioFormat): AudioBuffer | null {
  const channels = Math.max(1, format.channels);
  const frames = Math.floor(bytes.length / (2 * channels));
  if (frames === 0) return null;
  const buffer = ctx.createBuffer(channels, frames, format.sampleRate);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let channel = 0; channel < channels; channel++) {
    const data = buffer.getChannelData(channel);
    for (let frame = 0; frame < frames; frame++) data[frame] = view.getInt16((frame * channels + channel) * 2, true) / 32768;
  }
  return buffer;
}

/** Asks for the microphone and drives a meter from its level; resolves with the stream (kept for voice answers). */
export async function testMicrophone(meter: HTMLMeterElement): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  const ctx = await audioContext();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const tick = () => {
    if (!meter.isConnected || meter.closest("[hidden]")) return;
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    requestAnimationFrame(tick);
  };
  tick();
  return stream;
}
