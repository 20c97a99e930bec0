import type { Context, Hono } from 'hono';
import type { SimWorld } from '../world.ts';

export type SimEnv = { Variables: { bungieNetId?: string } };
export type SimApp = Hono<SimEnv>;
export type SimContext = Context<SimEnv>;

/** Each route module adds its routes to the one app, all reading the same world. */
export type RouteModule = (app: SimApp, world: SimWorld) => void;
