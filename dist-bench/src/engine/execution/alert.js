export function newExecutionState() {
    return { alertKeys: new Set(), thresholdHistory: new Map() };
}
