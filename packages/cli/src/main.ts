import { USAGE, UsageError, parseCommand } from './args.js';
import { check } from './commands/check.js';
import { connect } from './commands/connect.js';
import { callTool, listTools, parseToolArgs, restartSubsystem } from './commands/one-shot.js';
import { callRemoteTool, listRemoteTools, restartRemote } from './commands/remote-client.js';
import { serve } from './commands/serve.js';
import { listPrompts, listResources, readResource } from './commands/surface.js';
import { crosspointJsonSchema } from './config/schema.js';
import { type CliIo, EXIT_OK, EXIT_USAGE } from './io.js';
import { CLI_VERSION } from './version.js';

/** Runs one command and resolves with the exit code; never calls process.exit itself. */
export async function runCli(io: CliIo, options: { binPath?: string } = {}): Promise<number> {
  let command;
  try {
    command = parseCommand(io.argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`crosspoint: ${err.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  switch (command.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${CLI_VERSION}\n`);
      return EXIT_OK;
    case 'schema':
      io.stdout.write(`${JSON.stringify(crosspointJsonSchema(), null, 2)}\n`);
      return EXIT_OK;
    case 'serve':
      return serve(io, { config: command.config, fronts: command.fronts, tokenFile: command.tokenFile, passthrough: command.passthrough, binPath: options.binPath });
    case 'tools':
      return command.remote ? listRemoteTools(io, command.remote, command.json) : listTools(io, command.config, command.json);
    case 'call': {
      if (!command.remote) return callTool(io, command.config, command.tool, command.args);
      const args = parseToolArgs(io, command.args);
      return args ? callRemoteTool(io, command.remote, command.tool, args) : EXIT_USAGE;
    }
    case 'check':
      return check(io, command.config, command.tokenFile);
    case 'restart':
      return command.remote ? restartRemote(io, command.remote, command.name) : restartSubsystem(io, command.config, command.name);
    case 'connect':
      return connect(io, command.url, command.tokenFile);
    case 'resources':
      return listResources(io, { config: command.config, remote: command.remote }, command.json);
    case 'read':
      return readResource(io, { config: command.config, remote: command.remote }, command.uri, command.json);
    case 'prompts':
      return listPrompts(io, { config: command.config, remote: command.remote }, command.json);
  }
}
