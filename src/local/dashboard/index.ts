/** The dashboard the local service serves at `GET /dashboard` (issue 9): one self-contained page. */
export { dashboardHandler } from "./serve-dashboard.js";
export type { DashboardOptions } from "./serve-dashboard.js";
