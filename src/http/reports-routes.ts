import type { Express, NextFunction, Request, Response } from 'express';
import type { CatalogueIndex } from '../config/catalogue-index.js';
import type { ReportLinks } from '../services/reports/report-links.js';
import type { ReportService } from '../services/reports/report-service.js';

export interface ReportRoutesDeps {
  reports: ReportService;
  links: ReportLinks;
  catalogue: CatalogueIndex;
}

const CSV_FILE = /^(\d{4}-(0[1-9]|1[0-2]))\.csv$/;
const PNG_FILE = /^([A-Za-z0-9_-]{32,64})\.png$/;

/**
 * Report downloads without a user session: `GET /reports/<group|all>/<YYYY-MM>.csv?exp=…&sig=…` (signed link
 * from the monthly report) and `GET /charts/<id>.png` (the random id is the capability). Anything not signed,
 * expired or unknown is a plain 404, so the routes tell nothing about what exists.
 */
export function mountReportRoutes(app: Express, deps: ReportRoutesDeps): void {
  const notFound = (res: Response): void => {
    res.status(404).json({ error: 'not found' });
  };

  app.get('/reports/:scope/:file', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const scope = String(req.params.scope);
      const month = CSV_FILE.exec(String(req.params.file))?.[1];
      const known = scope === 'all' || deps.catalogue.group(scope) !== undefined;
      const exp = typeof req.query.exp === 'string' ? req.query.exp : undefined;
      const sig = typeof req.query.sig === 'string' ? req.query.sig : undefined;
      if (!month || !known || !(await deps.links.verifyCsv(scope, month, exp, sig))) return notFound(res);
      const csv = await deps.reports.csv(month, scope === 'all' ? undefined : scope);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="report-${scope}-${month}.csv"`);
      res.setHeader('cache-control', 'private, no-store');
      res.send(csv);
    } catch (err) {
      next(err);
    }
  });

  app.get('/charts/:file', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = PNG_FILE.exec(String(req.params.file))?.[1];
      const png = id ? await deps.links.chart(id) : null;
      if (!png) return notFound(res);
      res.setHeader('content-type', 'image/png');
      res.setHeader('cache-control', 'private, max-age=86400, immutable');
      res.send(png);
    } catch (err) {
      next(err);
    }
  });
}
