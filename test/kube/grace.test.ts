/**
 * Timeouts that must be ordered: an interrupted tool is killed (KILL_GRACE_MS after its SIGTERM) before the
 * engine stops waiting for its node (NODE_GRACE_MS), so the engine sees the tool's end instead of walking
 * away from a running process.
 */
import { describe, expect, it } from 'vitest';
import { NODE_GRACE_MS } from '../../engine/index.ts';
import { KILL_GRACE_MS } from '../../kube/run-tool.ts';

describe('grace periods', () => {
  it('the tool is killed before the engine gives up on its node, with time to spare for its end', () => {
    expect(KILL_GRACE_MS).toBeGreaterThan(0);
    expect(NODE_GRACE_MS - KILL_GRACE_MS).toBeGreaterThanOrEqual(1_000);
  });
});
