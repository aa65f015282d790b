// The people screens, mounted at /people/*: online-only, for admins (and QA leads, who see the
// list and add parent-carer representatives). The server checks every permission again.
import { Route, Routes } from 'react-router';
import { AddPersonPage } from './add-person-page.tsx';
import { ChangePersonPage } from './change-person-page.tsx';
import { DeactivatePersonPage } from './deactivate-person-page.tsx';
import { PeopleListPage } from './people-list-page.tsx';
import { PersonPage } from './person-page.tsx';
import './people.css';

export function PeopleRoutes() {
  return (
    <Routes>
      <Route index element={<PeopleListPage />} />
      <Route path="add" element={<AddPersonPage />} />
      <Route path=":personId" element={<PersonPage />} />
      <Route path=":personId/change" element={<ChangePersonPage />} />
      <Route path=":personId/deactivate" element={<DeactivatePersonPage />} />
    </Routes>
  );
}
