import { EventEmitter } from 'eventemitter3';
import type {
  CompleteRequestLike,
  CompleteResultLike,
  GetPromptResultLike,
  McpLogLevel,
  PromptDescriptor,
  ReadResourceResultLike,
  RequestOptions,
  ResourceDescriptor,
  ResourceTemplateDescriptor,
  SubsystemEvents,
  SubsystemSurface,
  SurfaceCapabilities,
  TaskRequestMethod,
} from '@crosspoint/core';
import type { ProxySurface } from './proxy-surface.js';

/** The `SubsystemSurface` members of a proxied server, each handed to its `ProxySurface`. */
export abstract class SurfaceMethods extends EventEmitter<SubsystemEvents> implements SubsystemSurface {
  protected abstract readonly surface: ProxySurface;

  surfaceCapabilities(): SurfaceCapabilities {
    return this.surface.capabilities();
  }

  resources(): readonly ResourceDescriptor[] {
    return this.surface.resources;
  }

  resourceTemplates(): readonly ResourceTemplateDescriptor[] {
    return this.surface.resourceTemplates;
  }

  prompts(): readonly PromptDescriptor[] {
    return this.surface.prompts;
  }

  async readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResultLike> {
    return (await this.surface.forward('resources/read', { uri }, options, uri)) as ReadResourceResultLike;
  }

  subscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    return this.surface.subscribe(uri, options);
  }

  unsubscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    return this.surface.unsubscribe(uri, options);
  }

  async getPrompt(name: string, args: Record<string, string>, options?: RequestOptions): Promise<GetPromptResultLike> {
    return (await this.surface.forward('prompts/get', { name, arguments: args }, options, name)) as GetPromptResultLike;
  }

  async complete(request: CompleteRequestLike, options?: RequestOptions): Promise<CompleteResultLike> {
    return (await this.surface.forward('completion/complete', { ...request }, options)) as CompleteResultLike;
  }

  setLogLevel(level: McpLogLevel): Promise<void> {
    return this.surface.setLogLevel(level);
  }

  rootsChanged(): void {
    this.surface.rootsChanged();
  }

  taskRequest(method: TaskRequestMethod, params: Record<string, unknown>, options?: RequestOptions): Promise<Record<string, unknown>> {
    const id = params['taskId'];
    return this.surface.forward(method, params, options, typeof id === 'string' ? id : undefined);
  }
}
