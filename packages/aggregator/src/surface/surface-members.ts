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
import type { FederatedSurface } from './federated-surface.js';

/**
 * The aggregator's `SubsystemSurface` members, so a gateway registered in another gateway offers
 * its whole federated surface (names, URIs and task ids as it namespaces them; the outer gateway
 * namespaces them once more: `inner+alpha+demo://x`, `inner_alpha_greet`, `inner:alpha:7`).
 * The outer gateway is one client of the inner surface: its subscriptions and log level count as
 * one session's.
 */
export abstract class FederatedSurfaceMembers extends EventEmitter<SubsystemEvents> implements SubsystemSurface {
  abstract readonly surface: FederatedSurface;

  surfaceCapabilities(): SurfaceCapabilities {
    const { resources, prompts, completions, logging, tasks } = this.surface.capabilities();
    return { ...(resources ? { resources } : {}), ...(prompts ? { prompts } : {}), ...(completions ? { completions } : {}), ...(logging ? { logging } : {}), ...(tasks ? { tasks } : {}) };
  }

  resources(): readonly ResourceDescriptor[] {
    return this.surface.catalog().resources;
  }

  resourceTemplates(): readonly ResourceTemplateDescriptor[] {
    return this.surface.catalog().templates;
  }

  prompts(): readonly PromptDescriptor[] {
    return this.surface.catalog().prompts;
  }

  readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResultLike> {
    return this.surface.readResource(uri, options);
  }

  async subscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    await this.surface.subscribe(this, uri, options);
  }

  async unsubscribeResource(uri: string): Promise<void> {
    await this.surface.unsubscribe(this, uri);
  }

  getPrompt(name: string, args: Record<string, string>, options?: RequestOptions): Promise<GetPromptResultLike> {
    return this.surface.getPrompt(name, args, options);
  }

  complete(request: CompleteRequestLike, options?: RequestOptions): Promise<CompleteResultLike> {
    return this.surface.complete(request, options);
  }

  async setLogLevel(level: McpLogLevel): Promise<void> {
    this.surface.setSessionLogLevel(this, level);
  }

  rootsChanged(): void {
    this.surface.rootsChanged();
  }

  taskRequest(method: TaskRequestMethod, params: Record<string, unknown>, options?: RequestOptions): Promise<Record<string, unknown>> {
    return this.surface.tasks.request(this, method, params, options);
  }
}
