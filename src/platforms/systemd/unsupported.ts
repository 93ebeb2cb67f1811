/** The options systemd cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NOT_LAUNCHD, NOT_SMF, NOT_WINDOWS, otherTemplates } from '../support.js';

export const unsupported: Unsupported = { ...otherTemplates('systemd'), ...NOT_LAUNCHD, ...NOT_WINDOWS, ...NOT_SMF };
