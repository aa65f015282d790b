// Component tests: jest-dom matchers and a real IndexedDB implementation (fake-indexeddb), fresh per file.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
