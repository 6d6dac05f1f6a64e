// A native plugin for `crosspoint serve` offering the benchmark tools in-process.
import { EventEmitter } from 'node:events';
import { benchTools, runBenchTool } from './bench-tools.mjs';

class BenchSubsystem extends EventEmitter {
  constructor(count) {
    super();
    this.name = 'b';
    this.version = '1.0.0';
    this.list = benchTools(count);
    this.names = new Set(this.list.map((t) => t.name));
    this.state = 'stopped';
  }
  tools() {
    return this.list;
  }
  async connect() {
    this.state = 'running';
  }
  async disconnect() {
    this.state = 'stopped';
  }
  async shutdown() {
    this.state = 'stopped';
  }
  async healthCheck() {
    return { level: 'healthy', state: this.state };
  }
  async invoke(name, args) {
    if (!this.names.has(name)) throw Object.assign(new Error(`no tool ${name}`), { name: 'CrosspointError', code: 'TOOL_NOT_FOUND' });
    return runBenchTool(name, args);
  }
}

export function createSubsystem(options = {}) {
  return new BenchSubsystem(options.count ?? 1);
}
