import { Route, Router } from '@solidjs/router';
import { HomePage } from './views/home/HomePage';
import { WorkspaceRoute } from './views/shell/WorkspaceRoute';

/** DESIGN §7 routes: the workspaces page, a workspace, and its shared screen. */
export function App() {
  return (
    <Router>
      <Route path="/" component={HomePage} />
      <Route path="/w/:id" component={() => <WorkspaceRoute present={false} />} />
      <Route path="/w/:id/present" component={() => <WorkspaceRoute present={true} />} />
      <Route path="*" component={HomePage} />
    </Router>
  );
}
