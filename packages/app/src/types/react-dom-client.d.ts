// @types/react-dom is not installed; the one call the portal makes is createRoot(...).render(...).
declare module 'react-dom/client' {
  export function createRoot(container: Element | DocumentFragment): {
    render(children: import('react').ReactNode): void;
    unmount(): void;
  };
}
