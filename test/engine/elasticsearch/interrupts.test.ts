import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createInterruptCleanup, type SignalTarget } from "../../../src/interrupts.js";

function fakeProcess() {
  const emitter = new EventEmitter();
  const killed: string[] = [];
  const target = {
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    off: (event: string, listener: (...args: unknown[]) => void) => emitter.off(event, listener),
    kill: (_pid: number, signal: string) => {
      killed.push(signal);
      return true;
    },
    pid: 42,
  } as unknown as SignalTarget;
  return { emitter, killed, target };
}

describe("createInterruptCleanup", () => {
  it("listens only while clean-ups are registered", () => {
    const { emitter, target } = fakeProcess();
    const cleanup = createInterruptCleanup(target);
    const remove = cleanup.add(async () => {});
    expect(emitter.listenerCount("SIGINT")).toBe(1);
    expect(emitter.listenerCount("SIGTERM")).toBe(1);
    remove();
    expect(emitter.listenerCount("SIGINT")).toBe(0);
    expect(emitter.listenerCount("SIGTERM")).toBe(0);
  });

  it("runs every clean-up on a signal, then delivers the signal again", async () => {
    const { emitter, killed, target } = fakeProcess();
    const cleanup = createInterruptCleanup(target);
    const done: string[] = [];
    cleanup.add(async () => {
      done.push("a");
    });
    cleanup.add(async () => {
      throw new Error("cluster gone");
    });
    emitter.emit("SIGTERM", "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toEqual(["a"]);
    expect(killed).toEqual(["SIGTERM"]);
    expect(emitter.listenerCount("SIGTERM")).toBe(0);
  });
});
