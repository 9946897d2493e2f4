export { activeVersionsFor, enrollForTrigger, enrollMembers, type ActiveJourneyVersion, type EnrollRow } from './enroll';
export { archiveJourney, createJourney, loadJourney, pauseJourney, publishJourney, resumeJourney, updateDraft } from './service';
export { assertPublishable, journeyIssues, sendContentIssues, type JourneyIssue } from './validate';
export { drainJourneys, runDueSteps, startJourneyRunner, nextChinaTime } from './runner';
export { exitOnGoal, journeysConsumer } from './consumer';
export { adminJourneyRoutes } from './routes';
