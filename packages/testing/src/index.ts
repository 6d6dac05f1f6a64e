export { FakeSubsystem, defaultFakeTools, type FakeHandler, type FakeSubsystemOptions, type FakeTool } from './fake-subsystem.js';
export { rejection, runSubsystemContract, type ContractCall, type ContractOptions, type ContractTarget } from './contract.js';
export { processesWith, until } from './process-table.js';
export { FakeSurfaceSubsystem, type FakeSurfaceOptions, type FakeSurfaceRequest } from './fake-surface-subsystem.js';
export { acceptedMutants, mutate, pick, seededRandom } from './fuzz.js';
