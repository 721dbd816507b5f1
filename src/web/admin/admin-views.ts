import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";

/*
 * The dashboard's templates live in src/web/admin/views. This module sits three levels
 * below the repository root both as source (src/web/admin) and when built (dist/web/admin),
 * so one relative address finds the templates in both.
 */
const VIEWS_DIR = fileURLToPath(new URL("../../../src/web/admin/views/", import.meta.url));
/** The dashboard's style sheet and editor script, served at /admin/assets/. */
export const ADMIN_ASSETS_DIR = fileURLToPath(new URL("../../../src/web/admin/assets/", import.meta.url));

/** What every dashboard template receives besides its own variables. */
export interface AdminFrame {
  title: string;
  blogTitle: string;
  csrfToken: string;
  user: { name: string; email: string } | null;
  pendingCount: number;
  flash: string | null;
  currentPath: string;
}

/** Renders one dashboard template with the common frame. */
export type AdminViewRenderer = (template: string, frame: AdminFrame, data: object) => Promise<string>;

/** Dashboard templates escape every value by default, exactly as themes do. */
export function createAdminViews(): AdminViewRenderer {
  const liquid = new Liquid({
    root: VIEWS_DIR,
    extname: ".liquid",
    outputEscape: "escape",
    strictFilters: true,
    ownPropertyOnly: true,
    cache: true,
  });
  return (template, frame, data) => liquid.renderFile(template, { ...frame, ...data });
}
