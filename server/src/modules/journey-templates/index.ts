export { JOURNEY_TEMPLATES, type JourneyTemplate } from './definitions';
export { enableJourneyTemplate, listJourneyTemplates, type EnabledTemplate, type JourneyTemplateView } from './service';
export { journeyTemplateRoutes } from './routes';
