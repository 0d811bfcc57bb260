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
    const cpu = info.cpu;
    if (cpu?.arch) {
      const c = cpu.caches;
      const size = (b: number) => (b >= 1 << 20 ? `${b / (1 << 20)} MiB` : `${b / 1024} KiB`);
      const caches = c && c.source ? `; L1d ${size(c.l1d)}, L2 ${size(c.l2)}, L3 ${size(c.l3)} (${c.source})` : '';
      lines.push(
        `cpu:       ${cpu.brand || 'unknown'} (${cpu.vendor} family ${cpu.family} model ${cpu.model}, ${cpu.arch})${caches}`,
      );
    }
  } else {
    lines.push(`native:    unavailable — ${info.nativeError}`);
  }
  lines.push(`threads:   ${info.threads} (${info.threadsReason})`);
  return `${lines.join('\n')}\n`;
}
