import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a test app loads the whole app shell, and role queries over the review
// page's tables are slow in jsdom; on a busy CI machine both exceed testing-library's one
// second for findBy queries and Jest's five seconds per test.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);
