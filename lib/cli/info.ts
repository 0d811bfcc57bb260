import type { BackendInfo } from '../backend/load.js';

export function formatInfo(info: BackendInfo): string {
  const lines = [
    `chainrule ${info.packageVersion} on Node ${info.node} (${info.platform}, Node-API ${info.nodeNapiVersion})`,
    `backend:   ${info.backend} — ${info.reason}`,
  ];
  if (info.nativeAvailable) {
    lines.push(`addon:     ${info.addonPath} (built for Node-API ${info.napiVersion})`);
    lines.push(
      `isa:       ${info.isa} (${info.isaReason}; cpu has avx2=${info.cpu?.avx2}, avx512=${info.cpu?.avx512})`,
    );
  } else {
    lines.push(`native:    unavailable — ${info.nativeError}`);
  }
  lines.push(`threads:   ${info.threads} (${info.threadsReason})`);
  return `${lines.join('\n')}\n`;
}
