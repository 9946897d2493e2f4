/**
 * A channel's plan (the playbooks' GMV 拆解): reach → members (conversion) → orders (per member) → GMV (AOV).
 * Integers only: conversion in basis points, orders per member × 100, money in fen, unit cost in milli-fen.
 */
export interface ChannelPlanInput {
  plannedReach: number;
  plannedConversionBp: number;
  plannedOrdersPerMemberX100: number;
  plannedAovFen: number;
}

export interface ChannelPlan {
  plannedMembers: number;
  plannedOrders: number;
  plannedGmvFen: number;
}

/** Planned members, orders and GMV (each rounded down: a plan never promises a fraction). */
export function channelPlan(input: ChannelPlanInput): ChannelPlan {
  const plannedMembers = Math.floor((input.plannedReach * input.plannedConversionBp) / 10_000);
  const plannedOrders = Math.floor((plannedMembers * input.plannedOrdersPerMemberX100) / 100);
  return { plannedMembers, plannedOrders, plannedGmvFen: plannedOrders * input.plannedAovFen };
}

/** Cost of a channel for a reach: fixed + reach × unit cost (milli-fen), rounded half up to the fen. */
export function channelCostFen(fixedCostFen: number, unitCostMilliFen: number, reach: number): number {
  return fixedCostFen + Math.floor((reach * unitCostMilliFen + 500) / 1000);
}
