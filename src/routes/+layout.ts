// The app is a client-rendered shell: it paints from the device's data, so no page needs the server.
export const ssr = false;
export const prerender = false;
