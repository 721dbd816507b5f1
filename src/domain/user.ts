export type UserRole = "owner" | "author";

/** Someone who can sign in to the dashboard. The password hash never leaves the store and auth service. */
export interface User {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}
