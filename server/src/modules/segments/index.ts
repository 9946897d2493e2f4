export { compileSegment, SEGMENT_FROM } from './compile';
export { countSegment, segmentMemberIds, withSegmentTimeout, SEGMENT_TIMEOUT_MS } from './query';
export { parseSegmentDefinition, segmentDefinitionError, validateSegmentReferences } from './validate';
export { applyRuleTag, applyRuleTags, readsLiveData, ruleTagsConsumer } from './rule-tags';
export { recordSegmentCounts, snapshotMemberIds, segmentDefinitionOf } from './service';
export { adminSegmentRoutes } from './routes';
export { segmentsAfterRebuild } from './after-rebuild';
