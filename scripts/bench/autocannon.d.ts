// The part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Result {
    duration: number;
    requests: { total: number };
    latency: { p99: number };
    non2xx: number;
    errors: number;
  }
  export default function autocannon(opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }): Promise<Result>;
}
