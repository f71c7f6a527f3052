import { UPLOAD_MAX_BYTES } from '../../web/multipart';

/* The PUG and programme documents' size limit: the application's upload limit (src/web/multipart.ts). */
export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;
