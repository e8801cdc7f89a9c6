/** The meeting side panel's own page (sidepanel.html): the consultation form, nothing of the main tab. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SidePanelApp } from './SidePanel';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SidePanelApp params={new URLSearchParams(location.search)} />
    </StrictMode>,
  );
}
