export { MEDIA_UPLOAD_PATH, mediaRoutes } from './routes';
export { addImage, toMediaItem } from './service';
export { readUploadedFile, type UploadedFile } from './multipart';
export { localMediaStorage, type MediaStorage } from './storage';
